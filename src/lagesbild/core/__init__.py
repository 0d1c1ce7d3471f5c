"""The pure core: parsing, statistics, geometry and privacy, with no Django import.

Plain data in, plain data out; every module here can be used from a notebook.
"""
