package winhost

import (
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

// The objects the registry provider returns.

func driveObject() *winps51.Object {
	o := winps51.NewObject("System.Management.Automation.PSDriveInfo",
		"Name", "HKLM", "Provider", registryProvider, "Root", hklmRoot, "Description", "The configuration settings for the local computer", "CurrentLocation", "")
	o.Str = func() string { return "HKLM" }
	return o
}

func providerObject() *winps51.Object {
	o := winps51.NewObject("System.Management.Automation.ProviderInfo",
		"Name", "Registry", "ModuleName", "Microsoft.PowerShell.Core", "PSSnapIn", "Microsoft.PowerShell.Core", "Drives", []winps51.Value{"HKLM", "HKCU"})
	o.Str = func() string { return registryProvider }
	return o
}

// psProps are the PS* note properties the provider adds to every object it returns.
func psProps(key string, viaDrive bool, isContainer bool) []winps51.Property {
	parent, child := parentKey(key)
	parentPath := ""
	if key != "" {
		parentPath = psPath(parent)
	}
	if key == "" {
		child = hklmRoot
	}
	props := []winps51.Property{
		{Name: "PSPath", Value: psPath(key)},
		{Name: "PSParentPath", Value: parentPath},
		{Name: "PSChildName", Value: child},
	}
	if viaDrive {
		props = append(props, winps51.Property{Name: "PSDrive", Value: driveObject()})
	}
	props = append(props, winps51.Property{Name: "PSProvider", Value: providerObject()})
	if isContainer {
		props = append(props, winps51.Property{Name: "PSIsContainer", Value: true})
	}
	return props
}

// keyObject is a Microsoft.Win32.RegistryKey as Get-Item / Get-ChildItem / New-Item return it.
// key is the path in the case the caller used (RegistryKey.Name keeps what was opened).
func (n *Node) keyObject(key string, info cluster.KeyInfo, viaDrive bool) *winps51.Object {
	var names []winps51.Value
	for _, v := range info.Values {
		names = append(names, psValueName(v.Name))
	}
	name := nativeName(key)
	o := &winps51.Object{TypeNames: []string{"Microsoft.Win32.RegistryKey", "System.MarshalByRefObject"}}
	o.Props = append(psProps(key, viaDrive, true),
		winps51.Property{Name: "Property", Value: arrayOrEmpty(names)},
		winps51.Property{Name: "Name", Value: name},
		winps51.Property{Name: "SubKeyCount", Value: len(info.SubkeyNames)},
		winps51.Property{Name: "ValueCount", Value: len(info.Values)},
		winps51.Property{Name: "View", Value: winps51.Enum{Type: "Microsoft.Win32.RegistryView", Name: "Default", Value: 0}},
		winps51.Property{Name: "Handle", Value: winps51.NewObject("Microsoft.Win32.SafeHandles.SafeRegistryHandle", "IsInvalid", false, "IsClosed", false)},
	)
	o.Str = func() string { return name }
	o.DefaultDisplay = registryKeyColumns
	return o
}

func arrayOrEmpty(vs []winps51.Value) []winps51.Value {
	if vs == nil {
		return []winps51.Value{}
	}
	return vs
}

// propertiesObject is what Get-ItemProperty returns: the values as properties, then the PS*
// properties, as a PSCustomObject.
func (n *Node) propertiesObject(key string, values []cluster.Value, viaDrive bool) *winps51.Object {
	o := &winps51.Object{} // no type name: a PSCustomObject
	for _, v := range values {
		o.Props = append(o.Props, winps51.Property{Name: psValueName(v.Name), Value: n.toPS(v)})
	}
	o.Props = append(o.Props, psProps(key, viaDrive, false)...)
	return o
}
