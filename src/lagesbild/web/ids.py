"""The ids a database row can have."""

#: The largest id a database stores (a signed 64-bit integer). A larger number is no row; SQLite
#: raises OverflowError when asked for one, so forms refuse it with their own message.
MAX_ID = 2**63 - 1
