package kindcluster

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/escron/escron/test/internal/versions"
)

// NodeImageEnv chooses the cluster tier's images, with the same meaning through make
// and through `go test ./test/e2e`:
//
//	offline (or unset)  the images scripts/images/build-images.sh built (make test-e2e builds them)
//	upstream            kind's kindest/node for the pinned Kubernetes minor, by digest
//	                    (KIND_UPSTREAM_NODE_IMAGE), and BUSYBOX_IMAGE pulled by the nodes
//	an image reference  that node image, and BUSYBOX_IMAGE pulled by the nodes
//
// scripts/cluster-prereqs.sh applies the same three cases, once, on the scripts' side.
const NodeImageEnv = "ESCRON_NODE_IMAGE"

// The two named settings of NodeImageEnv.
const (
	Offline  = "offline"
	Upstream = "upstream"
)

// The keys of the offline images file.
const (
	nodeImageKey  = "NODE_IMAGE"
	jobImageKey   = "JOB_IMAGE"
	jobArchiveKey = "JOB_IMAGE_ARCHIVE"
)

// Images are what a cluster-tier run boots and runs.
type Images struct {
	Setting string // the NodeImageEnv value they were resolved from (offline, upstream or a reference)
	Node    string // the kind node image
	Job     string // the image the test jobs run
	// JobArchive is a `docker save` archive of Job to load into the nodes, or "" when
	// the nodes pull Job themselves.
	JobArchive string
}

// ErrOfflineImagesMissing says that the offline images are not built.
var ErrOfflineImagesMissing = errors.New("the offline images are not built")

// CacheDir is where the scripts keep their heavy artefacts, as scripts/lib.sh sets
// CACHE: $ESCRON_CACHE_DIR, else $XDG_CACHE_HOME/escron, else ~/.cache/escron.
func CacheDir() (string, error) {
	if dir := os.Getenv("ESCRON_CACHE_DIR"); dir != "" {
		return dir, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "escron"), nil
}

// OfflineImagesFile is the file scripts/images/build-images.sh writes once the offline
// images are built or restored: NODE_IMAGE, JOB_IMAGE and JOB_IMAGE_ARCHIVE lines, read
// by the scripts (sourced) and by ResolveImagesE (versions.ParseEnvFile).
func OfflineImagesFile() (string, error) {
	cache, err := CacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(cache, "images", "offline.env"), nil
}

// hasLocalImage says whether the Docker engine holds an image (a variable for the tests).
var hasLocalImage = func(ref string) bool {
	return exec.Command("docker", "image", "inspect", ref).Run() == nil
}

// ResolveImagesE turns a NodeImageEnv value into the images of the run. It is the one
// place in Go that gives the setting its meaning.
func ResolveImagesE(setting string) (Images, error) {
	if setting == "" {
		setting = Offline
	}
	images := Images{Setting: setting}
	if setting != Offline {
		busybox, err := versions.BusyboxImageE()
		if err != nil {
			return images, err
		}
		images.Node, images.Job = setting, busybox
		if setting == Upstream {
			images.Node, err = versions.KindUpstreamNodeImageE()
		}
		return images, err
	}
	file, err := OfflineImagesFile()
	if err != nil {
		return images, err
	}
	howto := fmt.Sprintf("run make test-e2e, which builds them (make images builds them alone), or set %s=%s", NodeImageEnv, Upstream)
	values, err := versions.ParseEnvFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return images, fmt.Errorf("%w (no %s): %s", ErrOfflineImagesMissing, file, howto)
	}
	if err != nil {
		return images, err
	}
	images.Node, images.Job, images.JobArchive = values[nodeImageKey], values[jobImageKey], values[jobArchiveKey]
	if images.Node == "" || images.Job == "" || images.JobArchive == "" {
		return images, fmt.Errorf("%s sets no %s, %s or %s: %s", file, nodeImageKey, jobImageKey, jobArchiveKey, howto)
	}
	if _, err := os.Stat(images.JobArchive); err != nil {
		return images, fmt.Errorf("%w (the job image archive: %v): %s", ErrOfflineImagesMissing, err, howto)
	}
	if !hasLocalImage(images.Node) {
		return images, fmt.Errorf("%w (the Docker engine has no %s): %s", ErrOfflineImagesMissing, images.Node, howto)
	}
	return images, nil
}
