"""Recovery: each test module runs a platform of its own (a test here kills its processes)."""
