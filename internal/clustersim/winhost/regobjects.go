package winhost

import (
	"github.com/exchange-tools/terraform-provider-exchange/internal/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/internal/clustersim/pwsh"
)

// The objects the registry provider returns.

func driveObject() *pwsh.Object {
	o := pwsh.NewObject("System.Management.Automation.PSDriveInfo",
		"Name", "HKLM", "Provider", registryProvider, "Root", hklmRoot, "Description", "The configuration settings for the local computer", "CurrentLocation", "")
	o.Str = func() string { return "HKLM" }
	return o
}

func providerObject() *pwsh.Object {
	o := pwsh.NewObject("System.Management.Automation.ProviderInfo",
		"Name", "Registry", "ModuleName", "Microsoft.PowerShell.Core", "PSSnapIn", "Microsoft.PowerShell.Core", "Drives", []pwsh.Value{"HKLM", "HKCU"})
	o.Str = func() string { return registryProvider }
	return o
}

// psProps are the PS* note properties the provider adds to every object it returns.
func psProps(key string, viaDrive bool, isContainer bool) []pwsh.Property {
	parent, child := parentKey(key)
	parentPath := ""
	if key != "" {
		parentPath = psPath(parent)
	}
	if key == "" {
		child = hklmRoot
	}
	props := []pwsh.Property{
		{Name: "PSPath", Value: psPath(key)},
		{Name: "PSParentPath", Value: parentPath},
		{Name: "PSChildName", Value: child},
	}
	if viaDrive {
		props = append(props, pwsh.Property{Name: "PSDrive", Value: driveObject()})
	}
	props = append(props, pwsh.Property{Name: "PSProvider", Value: providerObject()})
	if isContainer {
		props = append(props, pwsh.Property{Name: "PSIsContainer", Value: true})
	}
	return props
}

// keyObject is a Microsoft.Win32.RegistryKey as Get-Item / Get-ChildItem / New-Item return it.
// key is the path in the case the caller used (RegistryKey.Name keeps what was opened).
func (n *Node) keyObject(key string, info cluster.KeyInfo, viaDrive bool) *pwsh.Object {
	var names []pwsh.Value
	for _, v := range info.Values {
		names = append(names, psValueName(v.Name))
	}
	name := nativeName(key)
	o := &pwsh.Object{TypeNames: []string{"Microsoft.Win32.RegistryKey", "System.MarshalByRefObject"}}
	o.Props = append(psProps(key, viaDrive, true),
		pwsh.Property{Name: "Property", Value: arrayOrEmpty(names)},
		pwsh.Property{Name: "Name", Value: name},
		pwsh.Property{Name: "SubKeyCount", Value: len(info.SubkeyNames)},
		pwsh.Property{Name: "ValueCount", Value: len(info.Values)},
		pwsh.Property{Name: "View", Value: pwsh.Enum{Type: "Microsoft.Win32.RegistryView", Name: "Default", Value: 0}},
		pwsh.Property{Name: "Handle", Value: pwsh.NewObject("Microsoft.Win32.SafeHandles.SafeRegistryHandle", "IsInvalid", false, "IsClosed", false)},
	)
	o.Str = func() string { return name }
	o.DefaultDisplay = registryKeyColumns
	return o
}

func arrayOrEmpty(vs []pwsh.Value) []pwsh.Value {
	if vs == nil {
		return []pwsh.Value{}
	}
	return vs
}

// propertiesObject is what Get-ItemProperty returns: the values as properties, then the PS*
// properties, as a PSCustomObject.
func (n *Node) propertiesObject(key string, values []cluster.Value, viaDrive bool) *pwsh.Object {
	o := &pwsh.Object{} // no type name: a PSCustomObject
	for _, v := range values {
		o.Props = append(o.Props, pwsh.Property{Name: psValueName(v.Name), Value: n.toPS(v)})
	}
	o.Props = append(o.Props, psProps(key, viaDrive, false)...)
	return o
}
