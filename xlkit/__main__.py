from xlkit.cli import main

main()
