"""Reading source: what input nnlint refuses (`guard`), positions, notebooks, and the
project and installed libraries that imports reach (`project`, `libraries`)."""
