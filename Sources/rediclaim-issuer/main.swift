print("rediclaim-issuer: not built yet")
