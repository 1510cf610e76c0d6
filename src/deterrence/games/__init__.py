"""Games: closed-form deterrence models, extensive- and normal-form games, solvers."""
