package winhost

import (
	"fmt"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/cluster"
	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

// Get-EventLog -LogName Application [-Source S] [-Newest N] [-EntryType T] [-InstanceId N]
// [-Index N] [-Message M]: the node's classic Application log, newest first.
func (n *Node) eventLogCmdlet() *winps51.Cmdlet {
	const name = "Get-EventLog"
	return &winps51.Cmdlet{Name: name,
		Params: []winps51.Param{
			{Name: "LogName", Aliases: []string{"LN"}, Kind: winps51.ParamString, Position: 0, Mandatory: true},
			{Name: "InstanceId", Kind: winps51.ParamObjects, Position: 1},
			{Name: "Newest", Kind: winps51.ParamInt, Position: -1},
			{Name: "Source", Aliases: []string{"ABO"}, Kind: winps51.ParamStrings, Position: -1},
			{Name: "EntryType", Aliases: []string{"ET"}, Kind: winps51.ParamStrings, Position: -1},
			{Name: "Index", Kind: winps51.ParamObjects, Position: -1},
			{Name: "Message", Aliases: []string{"MSG"}, Kind: winps51.ParamString, Position: -1},
			{Name: "ComputerName", Aliases: []string{"Cn"}, Kind: winps51.ParamStrings, Position: -1},
			{Name: "AsBaseObject", Kind: winps51.ParamSwitch, Position: -1},
		},
		Process: func(c *winps51.Call) error {
			logName := c.String("LogName")
			if !strings.EqualFold(logName, "Application") {
				return &winps51.ErrorRecord{
					Message:               fmt.Sprintf("The event log '%s' on computer '.' does not exist.", logName),
					ExceptionType:         "System.InvalidOperationException",
					FullyQualifiedErrorID: "System.InvalidOperationException," + commandClass(name),
					Category:              "NotSpecified",
				}
			}
			for _, cn := range c.Strings("ComputerName") {
				if cn != "." && !strings.EqualFold(cn, n.name) && !strings.EqualFold(cn, "localhost") {
					return errOutsideModel(name, fmt.Errorf("The simulated node reads only its own event log; -ComputerName '%s' is not modelled.", cn)) //nolint:staticcheck // ST1005: shown to the user as an error record's message
				}
			}
			entries, err := n.c.Events(n.name)
			if err != nil {
				return err
			}
			newest := -1
			if c.Bound("Newest") {
				newest, _ = c.Value("Newest").(int)
			}
			var out []cluster.EventEntry
			for _, e := range entries {
				if !eventMatches(c, e) {
					continue
				}
				if newest >= 0 && len(out) >= newest {
					break
				}
				out = append(out, e)
			}
			if len(out) == 0 {
				// Get-EventLog reports an empty result as an error.
				return &winps51.ErrorRecord{
					Message:               "No matches found",
					ExceptionType:         "System.ArgumentException",
					FullyQualifiedErrorID: "GetEventLogNoEntriesFound," + commandClass(name),
					Category:              "ObjectNotFound",
				}
			}
			for _, e := range out {
				c.WriteObject(n.eventObject(e))
			}
			return nil
		}}
}

func eventMatches(c *winps51.Call, e cluster.EventEntry) bool {
	if srcs := c.Strings("Source"); len(srcs) > 0 && !anyWildcard(srcs, e.Source) {
		return false
	}
	if types := c.Strings("EntryType"); len(types) > 0 && !anyWildcard(types, string(e.EntryType)) {
		return false
	}
	if c.Bound("InstanceId") && !anyNumber(c.Value("InstanceId"), instanceID(e)) {
		return false
	}
	if c.Bound("Index") && !anyNumber(c.Value("Index"), int64(e.Index)) {
		return false
	}
	if c.Bound("Message") && !wildcardMatch(c.String("Message"), e.Message) {
		return false
	}
	return true
}

func anyWildcard(patterns []string, s string) bool {
	for _, p := range patterns {
		if wildcardMatch(p, s) {
			return true
		}
	}
	return false
}

func anyNumber(v winps51.Value, want int64) bool {
	values, ok := v.([]winps51.Value)
	if !ok {
		values = []winps51.Value{v}
	}
	for _, x := range values {
		if n, err := psNumber(x, 64); err == nil && int64(n) == want {
			return true
		}
	}
	return false
}

var entryTypeValues = map[cluster.EntryType]int64{
	cluster.EntryError: 1, cluster.EntryWarning: 2, cluster.EntryInformation: 4,
}

// eventObject is a System.Diagnostics.EventLogEntry as Get-EventLog returns it.
func (n *Node) eventObject(e cluster.EventEntry) *winps51.Object {
	o := &winps51.Object{TypeNames: []string{
		fmt.Sprintf("System.Diagnostics.EventLogEntry#Application/%s/%d", e.Source, instanceID(e)),
		"System.Diagnostics.EventLogEntry",
	}}
	o.Props = []winps51.Property{
		{Name: "EventID", Value: e.EventID},
		{Name: "MachineName", Value: n.name},
		{Name: "Data", Value: []byte{}},
		{Name: "Index", Value: e.Index},
		{Name: "Category", Value: "(0)"},
		{Name: "CategoryNumber", Value: 0},
		{Name: "EntryType", Value: winps51.Enum{Type: "System.Diagnostics.EventLogEntryType", Name: string(e.EntryType), Value: entryTypeValues[e.EntryType]}},
		{Name: "Message", Value: e.Message},
		{Name: "Source", Value: e.Source},
		{Name: "ReplacementStrings", Value: []winps51.Value{e.Message}},
		{Name: "InstanceId", Value: instanceID(e)},
		{Name: "TimeGenerated", Value: e.Time},
		{Name: "TimeWritten", Value: e.Time},
		{Name: "UserName", Value: nil},
		{Name: "Site", Value: nil},
		{Name: "Container", Value: nil},
	}
	o.DefaultDisplay = eventColumns
	return o
}
