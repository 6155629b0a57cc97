print("rediclaim-gate: not built yet")
