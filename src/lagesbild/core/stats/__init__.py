"""Statistics for trends, alerts, hotspots and evaluation (pure, no Django).

SciPy's submodules, statsmodels, esda and libpysal are imported inside the functions that use
them: together they take seconds to import, which every command, worker and server process
would otherwise pay at start although most never fit a model.
"""
