# The sparse GEM series workbench.  See README.md.
#
#   make check [ARCH=arm64] [EXTRA_PATCHES=dir]  apply, build, boot, judge
#   make run                                     the same, for a newcomer
#   make lint                                    checkpatch, kernel-doc
#   make bisect                                  build after every patch
#   make modules                                 build it as modules (modpost)
#   make configs                                 build what it changes in many configurations
#   make igt                                     IGT on the base and on the series (x86_64)
#   make tree / make export / make model         edit the series (and model/) with git

ARCH ?= x86_64
export ARCH EXTRA_PATCHES BASE_TARBALL CACHE SLOT

.PHONY: help check run lint bisect modules configs igt tree export model base userspace

help:
	@sed -n '3,11p' Makefile | sed 's/^# *//'

check:
	@bash scripts/check.sh

run:
	@RUN=1 bash scripts/check.sh

lint:
	@bash scripts/deps.sh
	@bash scripts/lint.sh

bisect:
	@bash scripts/deps.sh
	@bash scripts/bisect.sh

modules:
	@bash scripts/deps.sh
	@bash scripts/modules.sh

configs:
	@bash scripts/deps.sh
	@bash scripts/configs.sh

igt:
	@bash scripts/igt.sh

tree:
	@bash scripts/series.sh tree

export:
	@bash scripts/series.sh export

model:
	@bash scripts/series.sh model

base:
	@bash scripts/fetch-base.sh
