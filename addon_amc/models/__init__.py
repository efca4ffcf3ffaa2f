from . import amc_agreement
from . import res_config_settings
