package monitoring

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

// Interval is Prometheus' scrape and rule evaluation interval in these tests: an alert
// without `for` fires at most about two intervals after its series change.
const Interval = 5 * time.Second

// ScrapeJob is the job label of the series Prometheus scrapes from the targets.
const ScrapeJob = "escron-test"

// Prometheus is a Prometheus server on the host, with its HTTP API on 127.0.0.1.
type Prometheus struct {
	// URL is the server's base URL, http://127.0.0.1:PORT.
	URL string
	// Dir holds its configuration file and its TSDB; removed when the test ends.
	Dir  string
	proc *process
}

// Logs is what the process has printed so far.
func (p *Prometheus) Logs() string { return p.proc.logs.String() }

// StartPrometheusE starts bin/prometheus scraping the static targets (host:port, may be
// none) every Interval with honor_labels, evaluating ruleFiles every Interval, with its
// storage in a temporary directory and its API on a free port of 127.0.0.1; it waits
// until the server is ready (configuration and rules loaded). The process is stopped when
// the test ends, and its log printed if the test failed.
func StartPrometheusE(t testing.TB, targets []string, ruleFiles []string) (*Prometheus, error) {
	t.Helper()
	dir := t.TempDir()
	rules := make([]string, 0, len(ruleFiles))
	for _, f := range ruleFiles {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(abs); err != nil {
			return nil, fmt.Errorf("rule file: %w", err)
		}
		rules = append(rules, abs)
	}
	cfg := map[string]any{
		"global": map[string]any{
			"scrape_interval":     Interval.String(),
			"scrape_timeout":      (Interval - time.Second).String(),
			"evaluation_interval": Interval.String(),
		},
		"rule_files": rules,
	}
	if len(targets) > 0 {
		cfg["scrape_configs"] = []any{map[string]any{
			"job_name":     ScrapeJob,
			"honor_labels": true,
			"static_configs": []any{map[string]any{
				"targets": targets,
			}},
		}}
	}
	data, err := yaml.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	config := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(config, data, 0o644); err != nil {
		return nil, err
	}
	args := func(ports []int) []string {
		return []string{
			"--config.file=" + config,
			"--storage.tsdb.path=" + filepath.Join(dir, "data"),
			"--web.listen-address=127.0.0.1:" + strconv.Itoa(ports[0]),
		}
	}
	ready := func(ctx context.Context, ports []int) error {
		_, err := httpGet(ctx, fmt.Sprintf("http://127.0.0.1:%d/-/ready", ports[0]))
		return err
	}
	p, ports, err := startServer(t, "prometheus", "prometheus", 1, time.Minute, args, ready)
	if err != nil {
		return nil, err
	}
	return &Prometheus{URL: fmt.Sprintf("http://127.0.0.1:%d", ports[0]), Dir: dir, proc: p}, nil
}

// StartPrometheus is StartPrometheusE that fails the test on error.
func StartPrometheus(t testing.TB, targets []string, ruleFiles []string) *Prometheus {
	t.Helper()
	p, err := StartPrometheusE(t, targets, ruleFiles)
	require.NoError(t, err)
	return p
}

// Alert is an active (pending or firing) alert, as /api/v1/alerts reports it.
type Alert struct {
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
	State       string            `json:"state"` // pending or firing
	ActiveAt    *time.Time        `json:"activeAt,omitempty"`
	Value       string            `json:"value"`
}

// RuleGroup is a rule group as /api/v1/rules reports it.
type RuleGroup struct {
	Name           string    `json:"name"`
	File           string    `json:"file"`
	Rules          []Rule    `json:"rules"`
	LastEvaluation time.Time `json:"lastEvaluation"`
}

// Rule is an alerting or recording rule with its state and health.
type Rule struct {
	Type           string            `json:"type"` // alerting or recording
	Name           string            `json:"name"`
	Query          string            `json:"query"`
	Labels         map[string]string `json:"labels"`
	State          string            `json:"state"` // alerting rules: inactive, pending or firing
	Alerts         []Alert           `json:"alerts"`
	Health         string            `json:"health"` // ok, err or unknown
	LastError      string            `json:"lastError"`
	LastEvaluation time.Time         `json:"lastEvaluation"`
}

// Sample is an element of an instant query's result vector.
type Sample struct {
	Metric map[string]string
	Value  float64
	Time   time.Time
}

// api GETs a Prometheus API path and decodes its data field into out.
func (p *Prometheus) api(ctx context.Context, path string, out any) error {
	body, err := httpGet(ctx, p.URL+path)
	if err != nil {
		return err
	}
	var resp struct {
		Status string          `json:"status"`
		Data   json.RawMessage `json:"data"`
		Error  string          `json:"error"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	if resp.Status != "success" {
		return fmt.Errorf("GET %s: %s: %s", path, resp.Status, resp.Error)
	}
	return json.Unmarshal(resp.Data, out)
}

// Alerts are the pending and firing alerts (/api/v1/alerts).
func (p *Prometheus) Alerts(ctx context.Context) ([]Alert, error) {
	var data struct {
		Alerts []Alert `json:"alerts"`
	}
	err := p.api(ctx, "/api/v1/alerts", &data)
	return data.Alerts, err
}

// Rules are the loaded rule groups with each rule's state and health (/api/v1/rules).
func (p *Prometheus) Rules(ctx context.Context) ([]RuleGroup, error) {
	var data struct {
		Groups []RuleGroup `json:"groups"`
	}
	err := p.api(ctx, "/api/v1/rules", &data)
	return data.Groups, err
}

// Query runs an instant PromQL query (/api/v1/query) whose result is a vector.
func (p *Prometheus) Query(ctx context.Context, expr string) ([]Sample, error) {
	var data struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		} `json:"result"`
	}
	if err := p.api(ctx, "/api/v1/query?query="+url.QueryEscape(expr), &data); err != nil {
		return nil, err
	}
	if data.ResultType != "vector" {
		return nil, fmt.Errorf("query %q: result type %s, want vector", expr, data.ResultType)
	}
	out := make([]Sample, 0, len(data.Result))
	for _, r := range data.Result {
		ts, _ := r.Value[0].(float64)
		s, _ := r.Value[1].(string)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("query %q: value %v: %w", expr, r.Value[1], err)
		}
		sec := int64(ts)
		out = append(out, Sample{Metric: r.Metric, Value: v, Time: time.Unix(sec, int64((ts-float64(sec))*1e9))})
	}
	return out, nil
}

// States an alert can be waited for: Inactive means that no alert of that name and
// labels is pending or firing (it never fired, or it cleared).
const (
	Pending  = "pending"
	Firing   = "firing"
	Inactive = "inactive"
)

// ActiveAlerts are the pending or firing alerts named name whose labels include labels.
func (p *Prometheus) ActiveAlerts(ctx context.Context, name string, labels map[string]string) ([]Alert, error) {
	alerts, err := p.Alerts(ctx)
	if err != nil {
		return nil, err
	}
	return matchAlerts(alerts, name, labels), nil
}

// matchAlerts are the alerts named name whose labels include labels.
func matchAlerts(alerts []Alert, name string, labels map[string]string) []Alert {
	var out []Alert
	for _, a := range alerts {
		if a.Labels["alertname"] != name {
			continue
		}
		ok := true
		for k, v := range labels {
			if a.Labels[k] != v {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, a)
		}
	}
	return out
}

// WaitForAlertE polls /api/v1/alerts every second until an alert named name, whose labels
// include labels, is in state (Pending, Firing) or, for Inactive, until none is pending or
// firing. It returns how long that took from the call; on timeout the error shows the
// active alerts and the health of the rules.
func (p *Prometheus) WaitForAlertE(name string, labels map[string]string, state string, timeout time.Duration) (time.Duration, error) {
	if !slices.Contains([]string{Pending, Firing, Inactive}, state) {
		return 0, fmt.Errorf("alert state %q: want %s, %s or %s", state, Pending, Firing, Inactive)
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var alerts []Alert
	var last error
	for {
		reqCtx, cancelReq := context.WithTimeout(ctx, 5*time.Second)
		alerts, last = p.Alerts(reqCtx)
		cancelReq()
		if last == nil {
			matched := matchAlerts(alerts, name, labels)
			if state == Inactive && len(matched) == 0 {
				return time.Since(start), nil
			}
			for _, a := range matched {
				if a.State == state {
					return time.Since(start), nil
				}
			}
		}
		select {
		case <-ctx.Done():
			return time.Since(start), fmt.Errorf("alert %s%s not %s after %s (last error: %v)\n%s",
				name, formatLabels(labels), state, timeout, last, p.describe(alerts))
		case <-time.After(time.Second):
		}
	}
}

// WaitForAlert is WaitForAlertE that fails the test on timeout and logs the time taken.
func (p *Prometheus) WaitForAlert(t testing.TB, name string, labels map[string]string, state string, timeout time.Duration) time.Duration {
	t.Helper()
	d, err := p.WaitForAlertE(name, labels, state, timeout)
	require.NoError(t, err)
	t.Logf("alert %s%s %s after %s", name, formatLabels(labels), state, d.Round(100*time.Millisecond))
	return d
}

// describe lists the active alerts and every rule's state and health, for error messages.
func (p *Prometheus) describe(alerts []Alert) string {
	var b strings.Builder
	b.WriteString("active alerts:\n")
	if len(alerts) == 0 {
		b.WriteString("  none\n")
	}
	for _, a := range alerts {
		fmt.Fprintf(&b, "  %s %s\n", formatLabels(a.Labels), a.State)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	groups, err := p.Rules(ctx)
	if err != nil {
		fmt.Fprintf(&b, "rules: %v\n", err)
		return b.String()
	}
	b.WriteString("rules:\n")
	for _, g := range groups {
		for _, r := range g.Rules {
			fmt.Fprintf(&b, "  %s/%s %s health=%s", g.Name, r.Name, r.State, r.Health)
			if r.LastError != "" {
				fmt.Fprintf(&b, " error=%q", r.LastError)
			}
			fmt.Fprintf(&b, " last evaluation %s\n", r.LastEvaluation.Format(time.RFC3339))
		}
	}
	return b.String()
}

// formatLabels prints labels as PromQL does, keys sorted.
func formatLabels(labels map[string]string) string {
	if len(labels) == 0 {
		return ""
	}
	parts := make([]string, 0, len(labels))
	for _, k := range slices.Sorted(maps.Keys(labels)) {
		parts = append(parts, fmt.Sprintf("%s=%q", k, labels[k]))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
