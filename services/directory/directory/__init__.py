"""Directory service: schools (GIAS), clusters, strategic groups, people and accounts."""
