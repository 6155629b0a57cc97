print("rediclaimctl: not built yet")
