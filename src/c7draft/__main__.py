from c7draft.cli import main

main()
