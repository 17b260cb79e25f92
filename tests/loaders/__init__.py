"""Tests of one part of Taghtia (a package: modules of different folders may share a name)."""
