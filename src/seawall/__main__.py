from seawall.cli.main import entry

entry()
