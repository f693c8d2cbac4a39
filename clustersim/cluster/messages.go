package cluster

import "fmt"

// win32Messages are the system texts of the codes the model uses (FormatMessage, en-US).
var win32Messages = map[int]string{
	ErrorFileNotFound:         "The system cannot find the file specified.",
	ErrorAccessDenied:         "Access is denied.",
	ErrorInvalidParameter:     "The parameter is incorrect.",
	ErrorAlreadyExists:        "Cannot create a file when that file already exists.",
	ErrorResourceNotOnline:    "The cluster resource is not online.",
	ErrorHostNodeNotAvailable: "A cluster node is not available for this operation.",
	ErrorResourceNotFound:     "The cluster resource could not be found.",
	ErrorGroupNotFound:        "The cluster group could not be found.",
	ErrorResourceOnline:       "The operation could not be completed because the cluster resource is online.",
	ErrorClusterNodeNotFound:  "The cluster node was not found.",
	ErrorClusterNodeDown:      "The cluster node is down.",
}

func win32Message(code int) string {
	if m, ok := win32Messages[code]; ok {
		return m
	}
	return fmt.Sprintf("Win32 error %d.", code)
}
