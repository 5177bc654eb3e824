"""Syncing with OCA: its listing of certified products, read from its JSON endpoint, and the certificate PDFs it
links to, fetched and ingested like uploads.

``items`` reads the endpoint's pages into listing rows and ``client`` speaks HTTP (both pure); ``sync`` stores
a complete listing through the registry's listing service; ``fetches`` downloads the PDFs into the pipeline.
"""
