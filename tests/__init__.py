from . import test_amc_agreement
from . import test_amc_billing
from . import test_amc_concurrency
from . import test_amc_dashboard
from . import test_amc_access
from . import test_amc_tour
