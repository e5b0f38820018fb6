# Guides (routekaarten)
.PHONY: check-guides

## check-guides: validate content/guides/*.yaml and every guide in the database
check-guides: install
	$(BIN)/python manage.py check_guides
