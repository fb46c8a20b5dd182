import ScopeCLI

RNNScope.mainReportingDataErrors()
