"""The registry's pure vocabulary: what OCA certificates are made of, without Django.

Certificate numbers and what their parts say (``numbers``), OCPP versions and product types (``products``),
certification profiles, their bits and OCA's type-code letters (``profiles``), company name keys and legal
forms (``names``), OCA's listing rows, their data-quality flags and their comparison with a certificate
(``listed``), the parsed-certificate record (``record``), which URLs from outside may become links (``links``),
CSV cells no spreadsheet reads as a formula (``spreadsheet``) and the words for where a record comes from
(``provenance``). The parser (``ingest``) and the registry both build on these modules; they import nothing but
the standard library.
"""
