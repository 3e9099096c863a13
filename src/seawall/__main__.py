from seawall.cli.main import main

raise SystemExit(main())
