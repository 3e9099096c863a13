"""The one pipeline every front end uses: load, parse, model, index, rules, suppression."""
