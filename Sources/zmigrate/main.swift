print("zmigrate")
