"""Lägesbild: a shared weekly situation picture of crime and insecurity."""

__version__ = "0.1.0"
