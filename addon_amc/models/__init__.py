from . import amc_agreement
from . import amc_hour_pack
from . import amc_request
from . import amc_time_allocation
from . import amc_time_entry
from . import amc_statement
from . import res_config_settings
