"""X-ray fluorescence mapping: spectra cubes and PyMca fit results, computed on the server.

Modules, one job each: ``cube`` (recognise a spectra cube, its energy and position axes),
``pymca`` (recognise PyMca's fit output and list its maps), ``describe`` (the ``xrf`` answer),
``reduce`` (sum and energy-window maps, pixel and region spectra, read a chunk row at a time),
``lines`` (emission lines from xraylib), ``fit`` (a pixel's measured spectrum, model and
residuals), ``scatter`` (two maps' pixel density and the pixels in a box), ``export`` (TIFF and
CSV).
"""
