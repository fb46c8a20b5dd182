import ScopeCLI

RNNScope.main()
