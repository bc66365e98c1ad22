"""NXDL definitions: where they are found (:mod:`.catalog`) and what they say."""
