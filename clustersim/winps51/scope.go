package winps51

import (
	"strings"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/winps51/syntax"
)

// scope holds variables and functions; child scopes see their parents' (dynamic scoping, as
// PowerShell's function scopes).
type scope struct {
	vars   map[string]*psVar
	funcs  map[string]*funcDef
	parent *scope
	inv    *invocation // set on the scope of a function or scriptblock call
}

// invocation is what $MyInvocation says of a running function or scriptblock: errors that
// Write-Error writes there name it and point at its call site.
type invocation struct {
	name string        // function name; "" for a scriptblock
	text string        // the scriptblock's text (shown before " : " when name is empty)
	ext  syntax.Extent // the call site
}

// currentInvocation is the innermost function or scriptblock call (nil at script level).
func (s *scope) currentInvocation() *invocation {
	for sc := s; sc != nil; sc = sc.parent {
		if sc.inv != nil {
			return sc.inv
		}
	}
	return nil
}

type psVar struct {
	name  string
	value Value
	typ   string // a type constraint ([int]$x = ...), "" when none
}

type funcDef struct {
	name   string
	body   *syntax.ScriptBlockAst
	filter bool
}

func newScope(parent *scope) *scope {
	return &scope{vars: map[string]*psVar{}, funcs: map[string]*funcDef{}, parent: parent}
}

func (s *scope) lookup(name string) (*psVar, bool) {
	k := strings.ToLower(name)
	for sc := s; sc != nil; sc = sc.parent {
		if v, ok := sc.vars[k]; ok {
			return v, true
		}
	}
	return nil, false
}

// setLocal sets a variable in this scope (creating it here, shadowing parents).
func (s *scope) setLocal(name string, v Value) *psVar {
	k := strings.ToLower(name)
	if pv, ok := s.vars[k]; ok {
		pv.value = v
		return pv
	}
	pv := &psVar{name: name, value: v}
	s.vars[k] = pv
	return pv
}

func (s *scope) lookupFunc(name string) (*funcDef, bool) {
	k := strings.ToLower(name)
	for sc := s; sc != nil; sc = sc.parent {
		if f, ok := sc.funcs[k]; ok {
			return f, true
		}
	}
	return nil, false
}
