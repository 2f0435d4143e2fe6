// Package kindcluster is the cluster tier's thin facade over sigs.k8s.io/kind's Go API
// (pkg/cluster): create a cluster of its own for each run (or reuse one), load image
// archives into its nodes as `kind load image-archive` does, collect its logs, delete
// it, and remove the clusters that crashed runs left behind (leftovers.go).
package kindcluster

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	"sigs.k8s.io/kind/pkg/cluster"
	"sigs.k8s.io/kind/pkg/cluster/nodeutils"
	"sigs.k8s.io/kind/pkg/cmd"
	"sigs.k8s.io/yaml"
)

// NamePrefix starts the name of every cluster a test run creates: NewName adds a
// random suffix, so that runs at the same time never share a cluster.
const NamePrefix = "escron-e2e"

// NewName is a fresh cluster name, NamePrefix-<6 hex digits>.
func NewName() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return NamePrefix + "-" + hex.EncodeToString(b)
}

// Options say which cluster to use.
type Options struct {
	Name       string // the cluster's name; "" means NewName()
	NodeImage  string // the node image of a new cluster
	ConfigPath string // a kind Cluster config file (v1alpha4)
	// Reuse uses a running cluster of that name as it is, and never deletes it.
	Reuse bool
	// Keep marks a new cluster as kept after the run (ESCRON_KEEP_CLUSTER=1): other runs
	// never remove it as a leftover; make clean does.
	Keep bool
	// KubeconfigPath is where the cluster's kubeconfig is written (not ~/.kube/config).
	KubeconfigPath string
	// Log receives progress lines.
	Log func(format string, args ...any)
}

// Cluster is a running kind cluster.
type Cluster struct {
	Name           string
	KubeconfigPath string
	NodeImage      string
	Created        bool // false when an existing cluster was reused
	provider       *cluster.Provider
}

func newProvider() *cluster.Provider {
	return cluster.NewProvider(cluster.ProviderWithDocker(), cluster.ProviderWithLogger(cmd.NewLogger()))
}

// UpE creates a cluster labelled with this run (see Owner), after removing the
// leftovers of crashed runs; or reuses a running one when opts.Reuse is set.
func UpE(opts Options) (*Cluster, error) {
	if opts.Log == nil {
		opts.Log = func(string, ...any) {}
	}
	if opts.Name == "" {
		opts.Name = NewName()
	}
	provider := newProvider()
	c := &Cluster{Name: opts.Name, KubeconfigPath: opts.KubeconfigPath, NodeImage: opts.NodeImage, provider: provider}
	if opts.Reuse {
		existing, err := provider.List()
		if err != nil {
			return nil, fmt.Errorf("listing kind clusters: %w", err)
		}
		if !slices.Contains(existing, opts.Name) {
			return nil, fmt.Errorf("no kind cluster named %q to reuse (kind get clusters lists %v)", opts.Name, existing)
		}
		opts.Log("reusing kind cluster %s", opts.Name)
		return c, c.writeKubeconfig()
	}
	if opts.NodeImage == "" {
		return nil, fmt.Errorf("no node image for kind cluster %s", opts.Name)
	}
	if _, err := RemoveLeftoversE(AtRunStart, opts.Log); err != nil {
		opts.Log("removing leftover clusters: %v", err)
	}
	owner := Self(opts.Keep)
	config, err := labelledConfig(opts.ConfigPath, owner.Labels())
	if err != nil {
		return nil, err
	}
	opts.Log("creating kind cluster %s from node image %s (labels %v)", opts.Name, opts.NodeImage, owner.Labels())
	start := time.Now()
	err = provider.Create(opts.Name,
		cluster.CreateWithNodeImage(opts.NodeImage),
		cluster.CreateWithV1Alpha4Config(config),
		cluster.CreateWithKubeconfigPath(opts.KubeconfigPath),
		cluster.CreateWithWaitForReady(5*time.Minute),
		cluster.CreateWithDisplayUsage(false),
		cluster.CreateWithDisplaySalutation(false),
	)
	if err != nil {
		return nil, fmt.Errorf("creating kind cluster %s: %w", opts.Name, err)
	}
	c.Created = true
	opts.Log("kind cluster %s ready in %s", opts.Name, time.Since(start).Round(time.Second))
	return c, nil
}

// labelledConfig is the kind config at path with labels added to every node.
func labelledConfig(path string, labels map[string]string) (*v1alpha4.Cluster, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	config := &v1alpha4.Cluster{}
	if err := yaml.UnmarshalStrict(raw, config); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	v1alpha4.SetDefaultsCluster(config)
	for i := range config.Nodes {
		if config.Nodes[i].Labels == nil {
			config.Nodes[i].Labels = map[string]string{}
		}
		for k, v := range labels {
			config.Nodes[i].Labels[k] = v
		}
	}
	return config, nil
}

func (c *Cluster) writeKubeconfig() error {
	cfg, err := c.provider.KubeConfig(c.Name, false)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(c.KubeconfigPath), 0o755); err != nil {
		return err
	}
	return os.WriteFile(c.KubeconfigPath, []byte(cfg), 0o600)
}

// LoadImageArchiveE loads a `docker save` archive into every node's containerd.
func (c *Cluster) LoadImageArchiveE(path string) error {
	nodes, err := c.provider.ListInternalNodes(c.Name)
	if err != nil {
		return err
	}
	for _, node := range nodes {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		err = nodeutils.LoadImageArchive(node, f)
		f.Close()
		if err != nil {
			return fmt.Errorf("loading %s into node %s: %w", path, node.String(), err)
		}
	}
	return nil
}

// CollectLogsE writes the cluster's logs (node journals, pod logs, containerd) under dir.
func (c *Cluster) CollectLogsE(dir string) error {
	return c.provider.CollectLogs(c.Name, dir)
}

// DeleteE deletes the cluster and its kubeconfig entry.
func (c *Cluster) DeleteE() error {
	return c.provider.Delete(c.Name, c.KubeconfigPath)
}
