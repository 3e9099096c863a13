"""Kubernetes manifest rules: ``KS`` security, ``KR`` reliability, ``KI`` images."""
