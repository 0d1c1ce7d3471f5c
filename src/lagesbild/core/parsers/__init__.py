"""Parsers for external formats (pure, no Django): plain rows in, validated records out."""
