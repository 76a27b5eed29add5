"""The frameworks nnlint knows, one plug-in each (`nnlint.interpreter.runtime` says what one is).

`runtime.frameworks()` imports every module or package here, and each registers itself.
"""
