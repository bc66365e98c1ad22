"""NeXus validation: a metadata-only walk of the file (:mod:`.walk`), rules per concern
(:mod:`.rules`), the engine joining them (:mod:`.engine`), findings and reports (:mod:`.issues`),
renderers (:mod:`.render`), batches (:mod:`.batch`) and the ``nxviz validate`` command."""
