"""Output workbooks and documents: blank templates, new projects, 综合评分表 and friends, the report."""
