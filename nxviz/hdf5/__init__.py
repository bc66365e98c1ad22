"""The framework-free HDF5 core: safe open, selections, fast reads, reduction, NeXus semantics."""
