"""Rule sets, looked up by name (a registry). Filled by the rule-set modules."""
