"""A bureau's many folders: batch scoring and the archive."""
