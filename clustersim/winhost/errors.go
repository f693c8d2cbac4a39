package winhost

import (
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

// commandClass is the .NET class of a core cmdlet ("Get-ItemProperty" ->
// "Microsoft.PowerShell.Commands.GetItemPropertyCommand"), the second half of its errors'
// FullyQualifiedErrorId.
func commandClass(cmdlet string) string {
	return "Microsoft.PowerShell.Commands." + strings.ReplaceAll(cmdlet, "-", "") + "Command"
}

// errPathNotFound is the provider's ItemNotFoundException.
func errPathNotFound(cmdlet, path string) *winps51.ErrorRecord {
	return &winps51.ErrorRecord{
		Message:               "Cannot find path '" + path + "' because it does not exist.",
		ExceptionType:         "System.Management.Automation.ItemNotFoundException",
		FullyQualifiedErrorID: "PathNotFound," + commandClass(cmdlet),
		Category:              "ObjectNotFound",
		TargetObject:          path,
	}
}

// errPropertyNotFound is what Get-/Remove-ItemProperty say about a missing value.
func errPropertyNotFound(cmdlet, name, key string) *winps51.ErrorRecord {
	return &winps51.ErrorRecord{
		Message:               "Property " + name + " does not exist at path " + nativeName(key) + ".",
		ExceptionType:         "System.Management.Automation.PSArgumentException",
		FullyQualifiedErrorID: "System.Management.Automation.PSArgumentException," + commandClass(cmdlet),
		Category:              "InvalidArgument",
		TargetObject:          name,
	}
}

// errOutsideModel refuses a path the simulator does not model.
func errOutsideModel(cmdlet string, err error) *winps51.ErrorRecord {
	return &winps51.ErrorRecord{
		Message:               err.Error(),
		ExceptionType:         "System.NotSupportedException",
		FullyQualifiedErrorID: "NotSupported," + commandClass(cmdlet),
		Category:              "NotImplemented",
	}
}

// errInvalidArgument is a parameter value the cmdlet rejects.
func errInvalidArgument(cmdlet, msg string, target any) *winps51.ErrorRecord {
	return &winps51.ErrorRecord{
		Message:               msg,
		ExceptionType:         "System.ArgumentException",
		FullyQualifiedErrorID: "System.ArgumentException," + commandClass(cmdlet),
		Category:              "InvalidArgument",
		TargetObject:          target,
	}
}

// errIO is the provider's IOException (an existing key or property, a refused delete).
func errIO(cmdlet, msg, category string, target any) *winps51.ErrorRecord {
	return &winps51.ErrorRecord{
		Message:               msg,
		ExceptionType:         "System.IO.IOException",
		FullyQualifiedErrorID: "System.IO.IOException," + commandClass(cmdlet),
		Category:              category,
		TargetObject:          target,
	}
}
