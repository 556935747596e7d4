"""Deployment tier: compose and Kubernetes files checked by real parsers and validators (no engine
runs on this machine, so nothing is started)."""
