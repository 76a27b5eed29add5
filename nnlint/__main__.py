from nnlint.adapters.cli import main

raise SystemExit(main())
