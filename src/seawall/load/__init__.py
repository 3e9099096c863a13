"""Finding input files, reading them safely and deciding what each one is."""
