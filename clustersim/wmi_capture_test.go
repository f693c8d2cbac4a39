package clustersim

import (
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/exchange-tools/terraform-provider-exchange/clustersim/wsman"
)

// The public captures of real Windows (fixtures beside the product's fault reader; each
// file's source is in its README) against the simulator's answer to the same situation:
// the same elements in the same namespaces, the same attributes, the same Action, SOAP
// Code and Subcode (by namespace, whatever the prefix), FaultDetail and WSManFault codes.
// Texts, message IDs and machine names are free.
const captureDir = "../internal/winclient/wsman/testdata/faults"

func TestWMIAnswersMatchCaptures(t *testing.T) {
	wql := func(q string) string {
		return `<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>32000</w:MaxElements><w:Filter Dialect="` + wsman.DialectWQL + `">` + q + `</w:Filter></n:Enumerate>`
	}
	for _, tc := range []struct {
		capture string
		opts    Options
		request string
		detail  bool // compare only s:Detail's subtree (the capture's situation differs)
	}{
		{
			// A Get of an instance that does not exist, 2012 R2.
			capture: "get_instance_missing_2012r2.xml",
			opts:    Options{Windows: Windows2012R2},
			request: wmiEnvelope(wsman.ActionGet, uriResource, map[string]string{"Name": "No Such Resource"}, ""),
		},
		{
			// A WQL query of a class the namespace lacks, 2008 R2.
			capture: "enumerate_wql_class_missing_2008r2.xml",
			opts:    Options{Windows: Windows2008R2},
			request: wmiEnvelope(wsman.ActionEnumerate, wsman.ResourceURIWMI+"root/mscluster/*", nil, wql("SELECT * FROM MSCluster_NoSuchClass")),
		},
		{
			// An optimized enumeration with nothing to return.
			capture: "enumerate_end_empty_context.xml",
			opts:    Options{Windows: Windows2016},
			request: wmiEnvelope(wsman.ActionEnumerate, wsman.ResourceURIWMI+"root/mscluster/*", nil, wql("SELECT * FROM MSCluster_Resource WHERE Name = 'none'")),
		},
		{
			// The MSFT_WmiError form, selectable: its detail as recorded.
			capture: "enumerate_namespace_missing_msft_wmierror.xml",
			opts:    Options{WMIFaultForm: wsman.WMIFaultMSFTWmiError, WMIUnavailable: []string{"*"}},
			request: wmiEnvelope(wsman.ActionEnumerate, uriResource, nil, `<n:Enumerate/>`),
			detail:  true,
		},
	} {
		t.Run(tc.capture, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(captureDir, tc.capture))
			if err != nil {
				t.Fatal(err)
			}
			want, err := skeletonOf(string(raw), tc.detail)
			if err != nil {
				t.Fatalf("capture: %v", err)
			}
			tc.opts.AllowUnencrypted = true
			s := startSim(t, tc.opts)
			_, answer := postWMI(t, s.URL("NODE1"), tc.request)
			got, err := skeletonOf(answer, tc.detail)
			if err != nil {
				t.Fatalf("answer: %v\n%s", err, answer)
			}
			if d := diffSkeletons(want, got); d != "" {
				t.Errorf("the simulator's answer differs from the capture in structure:\n%s\nanswer: %s", d, answer)
			}
		})
	}
}

// The comparison must see a difference of structure: the 2012 R2 capture against the 2008
// R2 form of the same fault, and against the MSFT_WmiError form.
func TestSkeletonSeesDifferences(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(captureDir, "get_instance_missing_2012r2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := skeletonOf(string(raw), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range []Options{{Windows: Windows2008R2}, {WMIFaultForm: wsman.WMIFaultMSFTWmiError}} {
		opts.AllowUnencrypted = true
		s := startSim(t, opts)
		_, answer := postWMI(t, s.URL("NODE1"), wmiEnvelope(wsman.ActionGet, uriResource, map[string]string{"Name": "No Such Resource"}, ""))
		got, err := skeletonOf(answer, false)
		if err != nil {
			t.Fatal(err)
		}
		if diffSkeletons(want, got) == "" {
			t.Errorf("%+v: no difference seen from the 2012 R2 capture:\n%s", opts, answer)
		}
	}
}

// skeleton is the structure of a SOAP answer: each element path (namespace-qualified) with
// its attribute names, and the values that are codes rather than text.
type skeleton struct {
	paths map[string]bool
	codes map[string]bool
}

// skeletonOf reads doc. Of the header only the Action counts (the p:ActivityId of newer
// hosts is not modelled); with detailOnly, only s:Detail's subtree counts.
func skeletonOf(doc string, detailOnly bool) (skeleton, error) {
	sk := skeleton{paths: map[string]bool{}, codes: map[string]bool{}}
	dec := xml.NewDecoder(strings.NewReader(doc))
	var stack []string
	var scopes []map[string]string // prefix -> namespace, for QName values
	var text strings.Builder
	inDetail := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return sk, nil
		}
		if err != nil {
			return sk, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			scope := map[string]string{}
			var attrs []string
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" {
					scope[a.Name.Local] = a.Value
					continue
				}
				if a.Name.Local == "xmlns" {
					continue
				}
				attrs = append(attrs, a.Name.Space+":"+a.Name.Local)
				if t.Name.Local == "WSManFault" && a.Name.Local == "Code" {
					sk.codes["WSManFault@Code="+a.Value] = true
				}
			}
			scopes = append(scopes, scope)
			slices.Sort(attrs)
			stack = append(stack, t.Name.Space+" "+t.Name.Local)
			if t.Name.Local == "Detail" && len(stack) == 4 {
				inDetail = len(stack)
			}
			inHeader := len(stack) > 1 && strings.HasSuffix(stack[1], " Header")
			if (!detailOnly || inDetail > 0) && !inHeader {
				sk.paths[strings.Join(stack, "/")+" ["+strings.Join(attrs, ",")+"]"] = true
			}
			text.Reset()
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			v := strings.TrimSpace(text.String())
			switch parent := stack[max(len(stack)-2, 0)]; {
			case t.Name.Local == "Action" && !detailOnly:
				sk.codes["Action="+v] = true
			case detailOnly && inDetail == 0:
			case t.Name.Local == "Value" && strings.HasSuffix(parent, " Code"):
				sk.codes["Code="+resolveQName(v, scopes)] = true
			case t.Name.Local == "Value" && strings.HasSuffix(parent, " Subcode"):
				sk.codes["Subcode="+resolveQName(v, scopes)] = true
			case t.Name.Local == "FaultDetail":
				sk.codes["FaultDetail="+v] = true
			}
			if len(stack) == inDetail {
				inDetail = 0
			}
			stack, scopes = stack[:len(stack)-1], scopes[:len(scopes)-1]
			text.Reset()
		}
	}
}

func resolveQName(v string, scopes []map[string]string) string {
	prefix, local, ok := strings.Cut(v, ":")
	if !ok {
		return v
	}
	for i := len(scopes) - 1; i >= 0; i-- {
		if ns, ok := scopes[i][prefix]; ok {
			return ns + " " + local
		}
	}
	return v
}

func diffSkeletons(want, got skeleton) string {
	var b strings.Builder
	for _, side := range []struct {
		label    string
		from, in map[string]bool
	}{
		{"in the capture only", want.paths, got.paths},
		{"in the simulator only", got.paths, want.paths},
		{"code in the capture only", want.codes, got.codes},
		{"code in the simulator only", got.codes, want.codes},
	} {
		var keys []string
		for k := range side.from {
			if !side.in[k] {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			b.WriteString(side.label + ": " + k + "\n")
		}
	}
	return b.String()
}
