"""Newsletter workflows, one module per concern (signup, sending, suppression…)."""
