package clustersim

import (
	"fmt"
	"sort"
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51"
)

// withoutModules drops the cmdlets of the named modules from a node's software. A name that
// no cmdlet of the node belongs to is refused, naming the modules there are.
func withoutModules(b Software, modules []string) (Software, error) {
	if len(modules) == 0 {
		return b, nil
	}
	present := map[string]string{}
	for _, cm := range b.Cmdlets {
		if cm.Module != "" {
			present[strings.ToLower(cm.Module)] = cm.Module
		}
	}
	drop := map[string]bool{}
	for _, m := range modules {
		key := strings.ToLower(strings.TrimSpace(m))
		if _, ok := present[key]; !ok {
			var names []string
			for _, n := range present {
				names = append(names, n)
			}
			sort.Strings(names)
			return b, fmt.Errorf("without module %q: the nodes have no such module (they have %s)", m, strings.Join(names, ", "))
		}
		drop[key] = true
	}
	var kept []*winps51.Cmdlet
	for _, cm := range b.Cmdlets {
		if !drop[strings.ToLower(cm.Module)] {
			kept = append(kept, cm)
		}
	}
	b.Cmdlets = kept
	return b, nil
}
