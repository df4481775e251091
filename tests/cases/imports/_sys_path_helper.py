VALUE = "found through sys.path[0]"
