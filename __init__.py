from . import addon_amc
