"""The rules of the product as pure Python: no Firebase, no Google client, no HTTP.

lifecycle (the state machine as a table), actors and access (who is which party to a request),
commands (what a caller asks for), changes (what each action writes), events (the event a write
means, and what it causes), notices (who hears of it, in which words), statistics (counter
arithmetic), files (formats by signature, SVG checks, upload kinds), records (pages, cursors, ids).
"""
