// Package kindcluster is the cluster tier's thin facade over sigs.k8s.io/kind's Go API
// (pkg/cluster): create or reuse a cluster, load image archives into its nodes as
// `kind load image-archive` does, collect its logs, delete it.
package kindcluster

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"sigs.k8s.io/kind/pkg/apis/config/defaults"
	"sigs.k8s.io/kind/pkg/cluster"
	"sigs.k8s.io/kind/pkg/cluster/nodeutils"
	"sigs.k8s.io/kind/pkg/cmd"
)

// UpstreamNodeImage is kind's own node image, pinned by digest, used when no other
// image is asked for (machines that can pull from a registry).
const UpstreamNodeImage = defaults.Image

// Options say which cluster to use.
type Options struct {
	Name       string // the cluster's name
	NodeImage  string // "" means UpstreamNodeImage
	ConfigPath string // a kind Cluster config file
	// Reuse uses a running cluster of that name as it is, and never deletes it.
	Reuse bool
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

// Up creates the cluster, or reuses it when opts.Reuse is set and it exists.
func Up(opts Options) (*Cluster, error) {
	if opts.Log == nil {
		opts.Log = func(string, ...any) {}
	}
	provider := cluster.NewProvider(cluster.ProviderWithDocker(), cluster.ProviderWithLogger(cmd.NewLogger()))
	c := &Cluster{Name: opts.Name, KubeconfigPath: opts.KubeconfigPath, NodeImage: opts.NodeImage, provider: provider}
	if c.NodeImage == "" {
		c.NodeImage = UpstreamNodeImage
	}
	existing, err := provider.List()
	if err != nil {
		return nil, fmt.Errorf("listing kind clusters: %w", err)
	}
	if opts.Reuse {
		if !slices.Contains(existing, opts.Name) {
			return nil, fmt.Errorf("no kind cluster named %q to reuse (kind get clusters lists %v)", opts.Name, existing)
		}
		opts.Log("reusing kind cluster %s", opts.Name)
		return c, c.writeKubeconfig()
	}
	if slices.Contains(existing, opts.Name) {
		// A node left by a failed or interrupted run blocks the next create.
		opts.Log("deleting the kind cluster %s left by an earlier run", opts.Name)
		if err := provider.Delete(opts.Name, opts.KubeconfigPath); err != nil {
			return nil, err
		}
	}
	opts.Log("creating kind cluster %s from node image %s", opts.Name, c.NodeImage)
	start := time.Now()
	err = provider.Create(opts.Name,
		cluster.CreateWithNodeImage(c.NodeImage),
		cluster.CreateWithConfigFile(opts.ConfigPath),
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

// LoadImageArchive loads a `docker save` archive into every node's containerd.
func (c *Cluster) LoadImageArchive(path string) error {
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

// CollectLogs writes the cluster's logs (node journals, pod logs, containerd) under dir.
func (c *Cluster) CollectLogs(dir string) error {
	return c.provider.CollectLogs(c.Name, dir)
}

// Delete deletes the cluster and its kubeconfig entry.
func (c *Cluster) Delete() error {
	return c.provider.Delete(c.Name, c.KubeconfigPath)
}
